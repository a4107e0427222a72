#ifndef CALLQA_CMPG123QUIET_H
#define CALLQA_CMPG123QUIET_H

/// Whether libsndfile's MP3 decoder (libmpg123) is kept quiet: 1 when the `mpg123_new` the
/// dynamic linker resolves is this module's, which turns on MPG123_QUIET for every decoder
/// handle; 0 otherwise (libmpg123's notes then reach standard error).
int callqa_mpg123_is_quiet(void);

#endif
