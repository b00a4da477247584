/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot manifest: a flattened device tree written by the solution tool (partitions/tools)
 * and read by the hypervisor (hyp/core/manifest.c). Both use these names, so there is one
 * definition of the layout:
 *
 *   / {
 *       compatible = "bulkhead,manifest-v1";
 *       solution = "hello";
 *       policy = "policy";                       optional: FIT image of the PSL policy (pslc)
 *       partitions {
 *           hello {                              node name = partition (task) name
 *               class = "Hello";                 EDL class
 *               image = "hello";                 FIT image node holding the ELF (linux: Image)
 *               role = "component";              "component" | "monitor" | "linux"
 *               memory-size = <0x0 0x200000>;    u64 bytes, multiple of 4 KiB
 *               cpus = <0>;                      physical CPUs the partition may use
 *               priority = <15>;                 first thread's priority, 0..31
 *               max-threads = <8>;               vCPU limit (linux: its vCPU count)
 *               on-fault = "stop";               "stop" | "restart"
 *               args = "hello", "-v";            optional string list
 *               env = "A=1";                     optional string list
 *               initrd = "linux.initrd";          role linux: FIT image of the initramfs
 *               bootargs = "console=ttyAMA0";     role linux: kernel command line
 *               schema = "schema-1";             a server: FIT image of its class's message schema
 *               connections {                    optional: channels this partition calls
 *                   c0 {                         any node name
 *                       id = "echo_channel";     the connection id (service locator name)
 *                       server = "Server";       the partition that serves it
 *                   };
 *               };
 *               devices {                        optional: what a driver (or Linux) may use
 *                   rtc {                        device name
 *                       reg = <0x0 0x9010000 0x0 0x1000>;  u64 PA, u64 size (4 KiB multiples)
 *                       interrupts = <34>;       GIC SPIs (INTID 32..1019), optional
 *                   };
 *               };
 *           };
 *       };
 *   };
 */
#ifndef BULKHEAD_UAPI_MANIFEST_H
#define BULKHEAD_UAPI_MANIFEST_H

#define BH_MANIFEST_COMPATIBLE "bulkhead,manifest-v1"
#define BH_MANIFEST_SOLUTION "solution"
#define BH_MANIFEST_PARTITIONS "partitions"

#define BH_MP_CLASS "class"
#define BH_MP_IMAGE "image"
#define BH_MP_ROLE "role"
#define BH_MP_MEMORY_SIZE "memory-size"
#define BH_MP_CPUS "cpus"
#define BH_MP_PRIORITY "priority"
#define BH_MP_MAX_THREADS "max-threads"
#define BH_MP_ON_FAULT "on-fault"
#define BH_MP_ARGS "args"
#define BH_MP_ENV "env"
#define BH_MP_INITRD "initrd"
#define BH_MP_BOOTARGS "bootargs"

#define BH_MANIFEST_POLICY "policy"
#define BH_MP_SCHEMA "schema"
#define BH_MP_CONNECTIONS "connections" /* subnode of a partition */
#define BH_MC_ID "id"
#define BH_MC_SERVER "server"
#define BH_MANIFEST_MAX_CONNECTIONS 8 /* per partition */
#define BH_MP_DEVICES "devices" /* subnode of a partition */
#define BH_MD_REG "reg"
#define BH_MD_INTERRUPTS "interrupts"
#define BH_MANIFEST_MAX_DEVICES 8     /* per partition */
#define BH_MANIFEST_MAX_DEVICE_IRQS 8 /* per device */
/*
 * Role linux: devices are passed through to the guest, whose emulated GICv3 has the SPIs
 * 32..BH_LINUX_SPI_LAST; SPI BH_LINUX_UART_INTID is its emulated PL011's and cannot be granted.
 */
#define BH_LINUX_SPI_LAST 95u
#define BH_LINUX_UART_INTID 33u

#define BH_ROLE_COMPONENT "component"
#define BH_ROLE_MONITOR "monitor"
#define BH_ROLE_LINUX "linux"
#define BH_ON_FAULT_STOP "stop"
#define BH_ON_FAULT_RESTART "restart"

/* The FIT boot package: the manifest is image "manifest", each ELF an image named in "image". */
#define BH_PACKAGE_MANIFEST_IMAGE "manifest"
#define BH_PACKAGE_POLICY_IMAGE "policy" /* the image the solution tool names in `policy` */

#endif
