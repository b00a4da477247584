PROGRAMS := Hello
Hello-srcs := hello.c
