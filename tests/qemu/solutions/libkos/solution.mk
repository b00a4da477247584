PROGRAMS := Kos Driver Peek
Kos-srcs := main.c suite.c t_threads.c t_sync.c t_time_mem.c t_handles.c t_queue_stat_io.c
Driver-srcs := driver.c suite.c
Peek-srcs := peek.c
