// The HDF5 C library (Debian's serial build) for Keras's model.weights.h5 files.
#include <hdf5.h>
