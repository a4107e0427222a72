#ifndef CALLQA_CSNDFILE_SHIM_H
#define CALLQA_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
