// libedit's readline-compatible interface and its native history/editline API.
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>
