PROGRAMS := Hello
Hello-srcs := hello.c
LINUX_GUESTS := linux
linux-rootfs := rootfs
linux-progs := pipebench.c
