PROGRAMS := Client Server
Client-srcs := client.c regs_ipc.c
Server-srcs := server.c regs_ipc.c
IDL_EDLS := regs/Server.edl
