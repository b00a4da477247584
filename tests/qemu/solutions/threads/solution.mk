PROGRAMS := Sched Smp
Sched-srcs := sched.c check.c
Smp-srcs := smp.c check.c
