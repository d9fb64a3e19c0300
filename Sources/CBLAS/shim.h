#ifndef REEL_CBLAS_SHIM_H
#define REEL_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, pkg-config name "openblas").
// It also declares openblas_set_num_threads / openblas_get_num_threads.
#include <cblas.h>
#endif
