PROGRAMS := Red Blue Fresh
Red-srcs := painter.c regs.c
Red-cflags := -DPATTERN=0x5245440000000000ull
Blue-srcs := painter.c regs.c
Blue-cflags := -DPATTERN=0x424c554500000000ull
Fresh-srcs := fresh.c regs.c
