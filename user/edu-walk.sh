#!/bin/sh
# One device, every door: QEMU's edu (-device edu, PCI 1234:11e8) seen from user
# space -- its BAR in sysfs and /proc/iomem, /dev/mem refused while the edu driver
# holds the BAR, the move to uio_pci_generic through sysfs, UIO's files, /dev/mem
# allowed once nothing claims the BAR, the UIO program, and back to the edu
# driver.  Then the HPET through /dev/mem and the BAR table.  Each step prints
# "$ command", its output and "exit status N", as Linux's reference transcripts.
#
#   atlas> run /bin/sh /user/edu-walk.sh
#
# make test runs it on the machines with an edu and checks what it prints.

step() {
	echo "\$ $*"
	sh -c "$*"
	echo "exit status $?"
}

slot=
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ]; then
		slot=${d##*/}
		break
	fi
done
if [ -z "$slot" ]; then
	echo "edu-walk: no edu device (start QEMU with -device edu)"
	exit 1
fi
dev=/sys/bus/pci/devices/$slot
bar=$(head -n 1 "$dev/resource" | cut -d ' ' -f 1)
drivers=/sys/bus/pci/drivers
echo "# edu (1234:11e8) = $slot, BAR 0 at $bar"

step "head -n 1 $dev/resource"
step "grep -A 1 ': $slot' /proc/iomem"
step "readlink $dev/driver"
step "devmem $bar 32"
step "echo $slot > $dev/driver/unbind"
step "echo '1234 11e8' > $drivers/uio_pci_generic/new_id || echo $slot > $drivers/uio_pci_generic/bind"
step "readlink $dev/driver"
for f in name version maps/map0/addr maps/map0/size maps/map0/offset maps/map0/name; do
	step "cat /sys/class/uio/uio0/$f"
done
step "ls -l /dev/uio0"
step "grep uio_pci_generic /proc/interrupts"
step "devmem $bar 32"
step "/user/eduuio"
step "echo $slot > $drivers/uio_pci_generic/unbind"
step "echo $slot > $drivers/edu/bind"
step "readlink $dev/driver"
step "devmem 0xfed00000 32"
step "devmem 0xfed00004 32"
step "devmem 0x100000 32"
step "/user/hpet"
step "/user/lsbars"
step "ls -l /dev/mem /dev/port"
