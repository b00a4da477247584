PROGRAMS := Client Server Gone Intruder
Client-srcs := client.c
Server-srcs := server.c
Gone-srcs := gone.c
Intruder-srcs := intruder.c
IDL_EDLS := ipct/Server.edl ipct/Gone.edl
