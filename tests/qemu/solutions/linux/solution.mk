PROGRAMS := Beat
Beat-srcs := beat.c
LINUX_GUESTS := linux
linux-rootfs := rootfs
