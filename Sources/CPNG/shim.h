// libpng for writing and reading PNG files (savefig, tests).
#include <png.h>
