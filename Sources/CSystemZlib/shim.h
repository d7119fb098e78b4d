// zlib for gzip-compressed dataset files and PNG/zip payloads.
#include <zlib.h>
