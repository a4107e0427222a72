#ifndef CALLQA_CFFTW_SHIM_H
#define CALLQA_CFFTW_SHIM_H
#include <fftw3.h>
#endif
