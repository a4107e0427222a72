// Keeps libsndfile's MP3 decoder quiet.
//
// libsndfile decodes MP3 with libmpg123, and creates each decoder handle without asking it to
// be quiet, so a damaged MP3 made libmpg123 print "Note: Illegal Audio-MPEG-Header ... / Note:
// Trying to resync..." on standard error: text that is not callqa's, shown under --quiet and
// breaking --log-format json (one JSON record a line). libsndfile offers no setting for it.
//
// This file defines `mpg123_new`. Defined in the executable (or the test bundle), it is the
// one the dynamic linker binds libsndfile's call to (the executable comes first in the lookup
// order); it creates the handle with libmpg123's own `mpg123_new` (the next definition,
// `dlsym(RTLD_NEXT, ...)`) and adds MPG123_QUIET to its flags. Decoding is unchanged: what the
// notes were about (damage, a file cut short) is reported by callqa from what could be decoded.
// No other libmpg123 call is touched, and nothing else of callqa calls libmpg123.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

#include "CMPG123Quiet.h"

typedef struct mpg123_handle_struct mpg123_handle;

// From mpg123.h (a stable ABI since libmpg123 1.0): the `enum mpg123_parms` key that adds
// flags, and the flag that suppresses every printout.
enum { CALLQA_MPG123_ADD_FLAGS = 2 };
enum { CALLQA_MPG123_QUIET = 0x20 };
// MPG123_ERR, for a libmpg123 that cannot be found (then libsndfile never gets here).
enum { CALLQA_MPG123_ERR = -1 };

typedef mpg123_handle *(*callqa_mpg123_new_fn)(const char *, int *);
typedef int (*callqa_mpg123_param_fn)(mpg123_handle *, int, long, double);

mpg123_handle *mpg123_new(const char *decoder, int *error) {
    callqa_mpg123_new_fn create = (callqa_mpg123_new_fn)dlsym(RTLD_NEXT, "mpg123_new");
    if (create == NULL) {
        if (error != NULL) *error = CALLQA_MPG123_ERR;
        return NULL;
    }
    mpg123_handle *handle = create(decoder, error);
    callqa_mpg123_param_fn param = (callqa_mpg123_param_fn)dlsym(RTLD_NEXT, "mpg123_param");
    if (handle != NULL && param != NULL) {
        param(handle, CALLQA_MPG123_ADD_FLAGS, CALLQA_MPG123_QUIET, 0.0);
    }
    return handle;
}

int callqa_mpg123_is_quiet(void) {
    return dlsym(RTLD_DEFAULT, "mpg123_new") == (void *)mpg123_new;
}
