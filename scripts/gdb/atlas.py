"""Atlas gdb helpers: look at the kernel's state from gdb, as its monitor would.

Loaded by scripts/gdb/gdbinit (or by hand: `source scripts/gdb/atlas.py`).

  atlas-dmesg [N]   the kernel log buffer (kernel/printk.c), or its last N lines
  atlas-e820        the firmware e820 table (mm/e820.c) in Linux's BIOS-e820 format
  atlas-pt ADDR     walk the 4-level page tables from CR3 for a virtual address,
                    in the monitor's `walk` format (PGD, PUD, PMD, PTE)

They read memory through QEMU's gdb stub, so they work whenever the CPU is
stopped; before the kernel has filled what a helper reads (the log buffer,
the e820 table from boot_info), the helper says so in one line.  Values of
the kernel's address types (phys_addr_t, resource_size_t, pteval_t, pgprot_t,
gfp_t) print in hex, in `print`, `bt` and frame lines alike.  Page tables live in physical memory: atlas-pt reads them through the
direct map (PAGE_OFFSET + phys, set up by boot/head.asm before start_kernel),
and falls back to QEMU's `monitor xp` where that is not mapped yet.
"""
import gdb

PAGE_OFFSET = 0xffff888000000000        # include/asm/page.h: the direct map

# e820 type numbers and Linux's names for them (include/mm/e820.h)
E820_NAMES = {1: "usable", 2: "reserved", 3: "ACPI data", 4: "ACPI NVS",
              5: "unusable", 0xefffffff: "soft reserved"}

# Page-table entry bits, Intel SDM vol 3A §4.5 (table 4-15 onwards), named as
# the monitor's walk names them (mm/ptdump.c); bit 7 is PAT in a PTE, not PSE
PTE_FLAGS = [(0, "P"), (1, "RW"), (2, "USR"), (3, "PWT"), (4, "PCD"), (5, "A"),
             (6, "D"), (7, "PSE"), (8, "G"), (63, "NX")]
PTE_ADDR_MASK = 0x000ffffffffff000      # bits 51:12, the next table or the 4 KiB page
# Linux's names for the four levels, with the shift of the address bits each
# one's index comes from (9 bits each) and the page size of a leaf there
LEVELS = [("PGD", 39, None), ("PUD", 30, "1G"), ("PMD", 21, "2M"), ("PTE", 12, "4K")]

# Typedefs whose values are addresses or bit masks, and struct fields that are
# addresses or sizes in plain u64s: printed in hex
HEX_TYPES = {"phys_addr_t", "resource_size_t", "pteval_t", "pgprot_t", "gfp_t"}
HEX_FIELDS = {"e820_entry": ("addr", "size")}


class HexPrinter:
    """Prints an address-type value as 0x..., as the kernel's %#llx does."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        return "%#x" % (int(self.val) & (2**(8 * self.val.type.sizeof) - 1))


class HexFieldsPrinter:
    """Prints a struct with some of its fields (HEX_FIELDS) in hex."""

    def __init__(self, val, fields):
        self.val, self.fields = val, fields

    def children(self):
        for f in self.val.type.strip_typedefs().fields():
            v = self.val[f.name]
            yield f.name, ("%#x" % (int(v) & (2**64 - 1)) if f.name in self.fields else v)


def hex_types_lookup(val):
    """gdb pretty-printer lookup: HexPrinter for the HEX_TYPES typedefs,
    HexFieldsPrinter for the structs of HEX_FIELDS."""
    t = val.type
    while t.code == gdb.TYPE_CODE_TYPEDEF:
        if t.name in HEX_TYPES:
            return HexPrinter(val)
        t = t.target()
    if t.code == gdb.TYPE_CODE_STRUCT and t.tag in HEX_FIELDS:
        return HexFieldsPrinter(val, HEX_FIELDS[t.tag])
    return None


def read_bytes(addr, size):
    """size bytes of the target's memory at virtual address addr."""
    return bytes(gdb.selected_inferior().read_memory(addr, size))


def read_phys_u64(phys):
    """The 64-bit word at physical address phys."""
    try:
        return int.from_bytes(read_bytes(PAGE_OFFSET + phys, 8), "little")
    except gdb.MemoryError:
        # not in the direct map (yet): ask QEMU, "0000000000001000: 0x..."
        out = gdb.execute("monitor xp /1gx %#x" % phys, to_string=True)
        try:
            return int(out.split()[-1], 16)
        except (IndexError, ValueError):
            raise gdb.GdbError("cannot read physical address %#x: %s" % (phys, out.strip()))


class AtlasDmesg(gdb.Command):
    """Print the kernel log buffer, or only its last N lines.
Usage: atlas-dmesg [N]

log_buf (kernel/printk.c) is a ring of text; log_head counts every byte ever
logged, so the text still held is the last min(log_head, sizeof(log_buf))
bytes, starting at log_head % sizeof(log_buf) once the ring has wrapped."""

    def __init__(self):
        super().__init__("atlas-dmesg", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        buf = gdb.parse_and_eval("log_buf")
        size = buf.type.sizeof
        head = int(gdb.parse_and_eval("log_head"))
        if head == 0:
            gdb.write("atlas-dmesg: the log buffer is empty: nothing has been printed yet\n")
            return
        ring = read_bytes(int(buf.address), size)
        if head <= size:
            text = ring[:head]
        else:
            start = head % size
            text = ring[start:] + ring[:start]
            text = text[text.find(b"\n") + 1:]  # the oldest line is partial
        lines = text.decode("utf-8", "replace").splitlines()
        if arg.strip():
            lines = lines[max(0, len(lines) - int(arg)):]
        for line in lines:
            gdb.write(line + "\n")


class AtlasE820(gdb.Command):
    """Print the firmware's e820 table (mm/e820.c) as Linux prints it at boot.
Usage: atlas-e820 [kernel]
One line per entry: BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
With "kernel": the kernel's own table (e820_table), after its changes (page 0
given back to the BIOS)."""

    def __init__(self):
        super().__init__("atlas-e820", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        table = gdb.parse_and_eval("e820_table" if arg.strip() == "kernel"
                                   else "e820_table_firmware")
        if int(table["nr_entries"]) == 0:
            gdb.write("atlas-e820: the e820 table is empty: start_kernel has not read the "
                      "firmware's map from boot_info yet\n")
            return
        for i in range(int(table["nr_entries"])):
            e = table["entries"][i]
            addr, size, kind = int(e["addr"]), int(e["size"]), int(e["type"]) & 0xffffffff
            if kind in (7, 12):
                name = "persistent (type %u)" % kind
            else:
                name = E820_NAMES.get(kind, "type %u" % kind)
            gdb.write("BIOS-e820: [mem %#018x-%#018x] %s\n" % (addr, addr + size - 1, name))


def pte_flags(entry, level):
    """The set flags of a page-table entry, as the monitor's walk prints them."""
    names = [name for bit, name in PTE_FLAGS
             if entry >> bit & 1 and not (bit == 7 and level == "PTE")]
    if level == "PTE" and entry >> 7 & 1:
        names.append("PAT")
    return " ".join(names)


class AtlasPt(gdb.Command):
    """Walk the 4-level page tables from CR3 for a virtual address.
Usage: atlas-pt ADDR

ADDR is any gdb expression (0xffffffff80200000, start_kernel, $rsp).  Prints,
as the monitor's `walk ADDR` does, each level's entry (PGD, PUD, PMD, PTE;
the index is which 9 bits of ADDR select it) and its flags, then the page
and the physical address ADDR maps to."""

    def __init__(self):
        super().__init__("atlas-pt", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: atlas-pt ADDR")
        va = int(gdb.parse_and_eval(arg).cast(gdb.lookup_type("unsigned long"))) & (2**64 - 1)
        if va >> 47 not in (0, 0x1ffff):
            raise gdb.GdbError("%#x is not canonical: bits 63..47 must all equal bit 47" % va)
        if not int(gdb.parse_and_eval("$cr0")) >> 31 & 1:
            gdb.write("atlas-pt: paging is off (CR0.PG = 0): addresses are physical\n")
            return
        cr3 = int(gdb.parse_and_eval("$cr3")) & (2**64 - 1)
        gdb.write("virtual %#018x, CR3 %#x\n" % (va, cr3))
        table = cr3 & PTE_ADDR_MASK
        for name, shift, page in LEVELS:
            index = va >> shift & 511
            entry = read_phys_u64(table + index * 8)
            gdb.write("  %s[%3d] = %#018x " % (name, index, entry))
            if not entry & 1:
                gdb.write(" not present: %#x is not mapped\n" % va)
                return
            gdb.write(" %s\n" % pte_flags(entry, name))
            if name == "PTE" or (page and entry >> 7 & 1):
                # a leaf: the low bits of ADDR are the offset into its page
                # (bit 12 of a PSE entry is PAT, hence the page-size mask)
                frame = entry & PTE_ADDR_MASK & ~((1 << shift) - 1)
                offset = va & ((1 << shift) - 1)
                gdb.write("  %s page at physical %#x + offset %#x = physical %#x\n"
                          % (page, frame, offset, frame | offset))
                return
            table = entry & PTE_ADDR_MASK


gdb.pretty_printers.append(hex_types_lookup)
AtlasDmesg()
AtlasE820()
AtlasPt()
