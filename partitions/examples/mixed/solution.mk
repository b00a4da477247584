PROGRAMS := Hello Heartbeat
Hello-srcs := hello.c
Heartbeat-srcs := heartbeat.c
LINUX_GUESTS := linux
