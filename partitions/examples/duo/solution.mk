PROGRAMS := Sensor Logger
Sensor-srcs := sensor.c
Logger-srcs := logger.c
