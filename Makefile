# Atlas: one non-recursive Makefile. Everything it makes goes to build/.
#
#   make            build the kernel and the boot ISO
#   make run        boot it in QEMU, serial console on this terminal
#   make test       host unit tests, then the in-guest self-tests, then a gdb check
#   make help       every target
#
# V=1 shows the commands, DEBUG=1 builds with -Og for easier stepping.

.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules

# O=DIR (on the command line, as Kbuild's) puts everything it makes in DIR
B       := $(if $(filter command line,$(origin O)),$(O),build)
comma   := ,
# $(call shell_quote,TEXT): TEXT as one sh word, whatever quotes it holds
shell_quote = '$(subst ','\'',$(1))'
V       ?= 0
DEBUG   ?= 0
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' '$(1)' '$(2)'
endif

# Tools missing from a fresh machine are installed by scripts/install-deps, which
# this check runs once (it needs root or sudo; it says which packages otherwise).
NEEDED_TOOLS := nasm qemu-system-x86_64 grub-mkrescue xorriso mformat python3 musl-gcc
MISSING_TOOLS := $(strip $(foreach t,$(NEEDED_TOOLS),$(if $(shell command -v $(t) 2>/dev/null),,$(t))))
ifneq ($(MISSING_TOOLS),)
ifeq ($(filter help clean compdb,$(MAKECMDGOALS)),)
$(info Missing tools: $(MISSING_TOOLS); running scripts/install-deps)
$(if $(shell scripts/install-deps >&2 && echo ok),,$(error scripts/install-deps failed; install the packages it named and run make again))
endif
endif

CC      := gcc
LD      := ld
NASM    := nasm
NM      := nm
OBJCOPY := objcopy
HOSTCC  := gcc
PYTHON  := python3

OPT := $(if $(filter 1,$(DEBUG)),-Og,-O2)

# Freestanding, higher-half (-mcmodel=kernel: code and data live in the top 2 GiB),
# no red zone (interrupts push onto the stack we are using), no SSE/x87 state in the
# kernel, frame pointers for stack traces.
KCFLAGS := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 -mno-80387 \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-fno-common -fcf-protection=none \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) -Iinclude \
	-MMD -MP
# make STARTER=N builds lab N's starter code (the #else branches of its
# LAB N markers, include/kernel/lab.h) in place of the solution: kernel, host
# tests and user programs alike.  make lab cuts a tree with it instead.
STARTER ?=
ifneq ($(STARTER),)
ifeq ($(shell echo '$(STARTER)' | grep -xE '[1-9][0-9]?'),)
$(error STARTER=$(STARTER): not a lab number (make STARTER=3 builds lab 3's starter code))
endif
LAB_DEFINE := -DLAB$(STARTER)_STARTER
KCFLAGS += $(LAB_DEFINE)
endif
KASFLAGS := -f elf64 -g -F dwarf -Iinclude/ -MD
KLDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments -T linker.ld

# Kernel sources. tests/*.c are the in-guest KTAP suites, linked into every kernel
# (they run only when the command line says selftest).
KSRC_ASM := $(wildcard boot/*.asm kernel/*.asm)
KSRC_C   := $(wildcard kernel/*.c mm/*.c fs/*.c fs/*/*.c drivers/*.c bench/*.c tests/*.c)
KOBJS    := $(KSRC_ASM:%.asm=$(B)/%.o) $(KSRC_C:%.c=$(B)/%.o)

KERNEL   := $(B)/atlas.elf
ISO      := $(B)/atlas.iso

.PHONY: FORCE all kernel iso user run test test-host test-guest test-gdb test-matrix bench \
	debug console compdb clean help fuzz fuzz-merge fuzz-regress fuzz-check-clang lab grade lab-check

all: kernel iso user

kernel: $(KERNEL) $(B)/kernel.sym

help:
	@echo 'Atlas targets:'
	@echo '  make            build build/atlas.elf and build/atlas.iso'
	@echo '  make run        boot in QEMU, serial console here (CMDLINE=, QEMU_ARGS=,'
	@echo '                  ACCEL=tcg|kvm, FIRMWARE=uefi, MACHINE=pc|q35, MEM=512M, SMP=2)'
	@echo '  make test       host unit tests + in-guest self-tests + gdb check'
	@echo '                  (SUITES=printk,e820 runs only those suites)'
	@echo '  make test-host  host unit tests only (ASan + UBSan), with the fuzzers'"'"' inputs'
	@echo '  make fuzz       each libFuzzer harness for FUZZ_SECONDS (60; FUZZERS="acpi e820")'
	@echo '  make fuzz-regress replay the committed fuzz inputs (tests/fuzz/*/) only'
	@echo '  make fuzz-merge minimise the fuzz corpora into tests/fuzz/NAME/corpus/'
	@echo '  make test-guest in-guest self-tests only'
	@echo '  make test-gdb   scripted gdb session against the QEMU gdb stub'
	@echo '  make test-matrix self-tests on more machines: pc/128M, pc/32M, q35/5G,'
	@echo '                  UEFI q35/2G, no HPET, a PCI bridge, -cpu qemu64,-nx/-pat, max,'
	@echo '                  -smp 1/4/8, nosmp, maxcpus=2, nr_cpus=3, x2APIC, a stuck CPU'
	@echo '  make bench      boot with "bench" on q35 512M (SMP=N CPUs, default 2) and print BENCH lines,'
	@echo '                  then run user/ubench there (the user-space BENCH lines)'
	@echo '  make debug      QEMU halted with a gdb stub, gdb attached at start_kernel'
	@echo '                  (the same CMDLINE=, MACHINE=, MEM=, SMP=, QEMU_ARGS= as run)'
	@echo '  make console    type at the serial console of a running make debug'
	@echo '  make lab LAB=N DEST=dir  write lab N'"'"'s starter tree (labs/NN-name.md) into dir'
	@echo '  make grade      grade the labs (in a starter tree: its lab; LAB=N: one) and'
	@echo '                  print Score: N/M'
	@echo '  make STARTER=N  build with lab N'"'"'s starter code in place of the solution'
	@echo '  make lab-check  every lab'"'"'s starter tree built and graded (CI)'
	@echo '  make iso        the GRUB rescue ISO (BIOS and UEFI)'
	@echo '  make user       the user programs (user/*.c, musl-gcc -static) into build/user/'
	@echo '  make compdb     compile_commands.json for editors (builds nothing)'
	@echo '  make clean      remove build/'
	@echo 'Options: V=1 shows commands, DEBUG=1 builds with -Og.'

# The flags the kernel is built with, recorded as Kbuild's .cmd files record
# them: every object depends on this file, which is rewritten (as make reads
# this Makefile) only when the flags change, so `make DEBUG=1` after `make`
# rebuilds everything with -Og.  A run that builds nothing leaves the file
# alone: make -n or -q (an n or q in MAKEFLAGS' first word, where make puts
# its one-letter options) instead sees the file as out of date, so it shows
# or reports the rebuild the new flags need, and help, clean, console and
# compdb do not look at it.
KFLAGS_FILE := $(B)/kernel.flags
KFLAGS_NOW  := CC $(CC) $(KCFLAGS); NASM $(NASM) $(KASFLAGS); LD $(LD) $(KLDFLAGS)
DRY_RUN     := $(findstring n,$(filter-out -%,$(firstword $(MAKEFLAGS))))$(findstring \
	q,$(filter-out -%,$(firstword $(MAKEFLAGS))))
ifneq ($(filter-out help clean console compdb,$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell cat $(KFLAGS_FILE) 2>/dev/null),$(KFLAGS_NOW))
ifneq ($(DRY_RUN),)
$(KFLAGS_FILE): FORCE
else
$(if $(wildcard $(KFLAGS_FILE)),$(info $(shell printf '  %-8s %s' FLAGS 'changed: rebuilding the kernel')))
$(shell mkdir -p $(B) && printf '%s\n' '$(KFLAGS_NOW)' > $(KFLAGS_FILE))
endif
endif
endif
$(KFLAGS_FILE): ;
# The same for STARTER, which host tests and user programs are built with too.
STARTER_FILE := $(B)/starter.flags
ifneq ($(filter-out help clean console compdb,$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell cat $(STARTER_FILE) 2>/dev/null),STARTER=$(STARTER))
ifneq ($(DRY_RUN),)
$(STARTER_FILE): FORCE
else
$(shell mkdir -p $(B) && echo 'STARTER=$(STARTER)' > $(STARTER_FILE))
endif
endif
endif
$(STARTER_FILE): ;
FORCE:

$(B)/%.o: %.c $(KFLAGS_FILE)
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/%.o: %.asm $(KFLAGS_FILE)
	$(call msg,NASM,$<)
	@mkdir -p $(@D)
	$(Q)$(NASM) $(KASFLAGS) $(B)/$*.d -o $@ $<

# The symbol table for stack traces is built at link time, as Linux's kallsyms:
# link once with an empty table, list the symbols, link again with the real one.
# The table lives in its own segment after .bss, so adding it moves no symbol; the
# recipe checks that.
$(B)/kallsyms0.o: scripts/kallsyms.py $(KFLAGS_FILE)
	$(call msg,KSYM,empty table)
	@mkdir -p $(@D)
	$(Q)$(PYTHON) scripts/kallsyms.py < /dev/null > $(B)/kallsyms0.c
	$(Q)$(CC) $(KCFLAGS) -c $(B)/kallsyms0.c -o $@

$(B)/atlas.pass1.elf: $(KOBJS) $(B)/kallsyms0.o linker.ld $(KFLAGS_FILE)
	$(call msg,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/kallsyms0.o

$(B)/kallsyms.o: $(B)/atlas.pass1.elf scripts/kallsyms.py $(KFLAGS_FILE)
	$(call msg,KSYM,$@)
	$(Q)$(NM) -n -S $< | $(PYTHON) scripts/kallsyms.py > $(B)/kallsyms.c
	$(Q)$(CC) $(KCFLAGS) -c $(B)/kallsyms.c -o $@

$(KERNEL): $(B)/atlas.pass1.elf $(B)/kallsyms.o
	$(call msg,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -Map=$(B)/atlas.map -o $@ $(KOBJS) $(B)/kallsyms.o
	$(Q)$(NM) -n $(B)/atlas.pass1.elf | grep -v -e ' kallsyms_' -e ' __kallsyms_end' -e ' _end' > $(B)/pass1.nm
	$(Q)$(NM) -n $@ | grep -v -e ' kallsyms_' -e ' __kallsyms_end' -e ' _end' > $(B)/pass2.nm
	$(Q)cmp -s $(B)/pass1.nm $(B)/pass2.nm || \
		{ echo 'kallsyms: symbols moved between link passes'; rm -f $@; exit 1; }

# kernel.sym: every symbol, sorted by address, for students to read.
$(B)/kernel.sym: $(KERNEL)
	$(Q)$(NM) -n -S $< > $@

# The initramfs (scripts/mkinitramfs): Debian's busybox-static with its applet
# links, the programs of $(B)/user/ under /user, and INITRD_EXTRA=DIR's files
# under /extra (modes kept).  Remade on every run, cheaply, but written only
# when its bytes change, so a changed INITRD_EXTRA or program gives a new
# archive and an unchanged one keeps the ISOs.  scripts/mkiso puts the
# initramfs.cpio beside the kernel into the ISO as a multiboot2 module.
INITRD_EXTRA ?=
BUSYBOX      ?= /bin/busybox
INITRAMFS    := $(B)/initramfs.cpio
$(INITRAMFS): scripts/mkinitramfs FORCE
	@mkdir -p $(@D)
	$(Q)$(PYTHON) scripts/mkinitramfs --out $@ --user $(B)/user --busybox $(BUSYBOX) \
		$(if $(INITRD_EXTRA),--extra $(INITRD_EXTRA))

# ISO for the default command line; the launcher builds one per command line.
iso: $(ISO)
$(ISO): $(KERNEL) $(INITRAMFS) iso/grub.cfg scripts/mkiso
	$(call msg,ISO,$@)
	$(Q)scripts/mkiso $(KERNEL) "" $@

# ---- user programs ---------------------------------------------------------------
# user/NAME.c is one program, built with Debian's musl-gcc as a static Linux
# binary into build/user/NAME (the same file runs on Linux and on Atlas); a
# program too big for one file keeps the rest in user/NAME/*.c; user/NAME.sh is a
# busybox sh script, copied as it is.  The initramfs carries build/user/* under /user/.
MUSLCC      := musl-gcc
USER_CFLAGS := -static -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Iuser $(LAB_DEFINE)
USER_SRC    := $(wildcard user/*.c)
USER_BINS   := $(USER_SRC:user/%.c=$(B)/user/%)
USER_SCRIPTS := $(patsubst user/%,$(B)/user/%,$(wildcard user/*.sh))

.SECONDEXPANSION:
$(B)/user/%: user/%.c $$(wildcard user/%/*.c) $(wildcard user/*.h) $(STARTER_FILE)
	$(call msg,MUSLCC,$@)
	@mkdir -p $(@D)
	$(Q)$(MUSLCC) $(USER_CFLAGS) -o $@ $(filter %.c,$^)

$(B)/user/%.sh: user/%.sh
	@mkdir -p $(@D)
	$(Q)install -m 755 $< $@

user: $(USER_BINS) $(USER_SCRIPTS)
$(INITRAMFS): $(USER_BINS) $(USER_SCRIPTS)

# ---- running -------------------------------------------------------------------
# The launcher reads these from its environment, never from a shell-expanded
# command line, so CMDLINE='run="walk 0x1000"' reaches the kernel as written.
MACHINE ?=
MEM     ?=
SMP     ?=
CMDLINE ?=
export CMDLINE MACHINE MEM SMP ACCEL FIRMWARE QEMU_ARGS

run: $(KERNEL) $(INITRAMFS)
	$(Q)$(PYTHON) scripts/qemu.py --kernel $(KERNEL)

debug: $(KERNEL) $(B)/kernel.sym $(INITRAMFS)
	$(Q)scripts/debug $(KERNEL)

# make console: attach this terminal to the serial console of a running `make debug`
console:
	$(Q)$(PYTHON) scripts/console $(B)/console.sock

# make bench: the kernel's benchmarks, then user/ubench (the user-space one,
# the same binary as on Linux) and user/eduuio --bench (the edu's ID register
# read through UIO and /dev/mem, against the kernel's readl) run by the monitor
# on the same machine, which has an edu (-device edu) for the device benchmarks.
BENCH_QEMU_ARGS = -device edu $(QEMU_ARGS)
bench: $(KERNEL) $(INITRAMFS) user
	$(Q)QEMU_ARGS='$(BENCH_QEMU_ARGS)' $(PYTHON) scripts/qemu.py --kernel $(KERNEL) --cmdline bench \
		--machine q35 --mem 512M --smp $(or $(SMP),2) --timeout 300 < /dev/null
	$(Q)QEMU_ARGS='$(BENCH_QEMU_ARGS)' $(PYTHON) scripts/qemu.py --kernel $(KERNEL) \
		--cmdline 'run="run /user/ubench;run /user/eduuio --bench;poweroff"' \
		--machine q35 --mem 512M --smp $(or $(SMP),2) --timeout 600 < /dev/null

# ---- tests ---------------------------------------------------------------------
# Host unit tests: the pure parts of the kernel compiled for this machine under
# AddressSanitizer and UndefinedBehaviorSanitizer, with fake inputs.
# -MD, not -MMD: include/ comes in through -idirafter, as a system directory,
# and -MMD would not record its headers.
#
# The one rule for kernel code in a host test or a fuzzer: list its file in
# HOST_PURE and link it; no test #includes a kernel .c file.  Each file of
# HOST_PURE is compiled once into the archive libatlas.a, and every host test
# and fuzzer links that archive, so it takes only the objects whose symbols it
# uses.  What the pure code calls and does not contain comes from
# tests/host/hostenv.c when every test shares it (printk into a capture
# buffer, a fake symbol table, the fake vmemmap and direct map), else from the
# test that pulls the object (test_resource.c supplies kernel/resource.c's
# kzalloc and kfree; test_slab.c gives mm/slab.c a page allocator over an arena
# of its own).  A test reaches a subsystem's insides through its private header
# (mm/internal.h, mm/slab.h, drivers/pci_internal.h).  hosttest.c is the
# unit-test runner.
HOSTCFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-idirafter include -include tests/host/host.h -DATLAS_HOST -MD -MP $(LAB_DEFINE)
HOST_PURE := kernel/vsprintf.c kernel/multiboot2.c kernel/cmdline.c mm/e820.c \
	kernel/monitor_parse.c kernel/kstrtox.c mm/buddy.c mm/memblock.c kernel/seq_file.c \
	drivers/acpi_tables.c drivers/acpi_print.c drivers/pci_names.c kernel/resource.c \
	drivers/pci_setup.c mm/slab.c mm/slab_cpu.c mm/slab_debug.c mm/kmalloc.c mm/page_pcp.c kernel/smpboot_map.c \
	mm/vma.c fs/initramfs.c kernel/timeconv.c drivers/n_tty.c fs/elf_check.c mm/vmstat.c \
	drivers/pci_irq.c
HOST_TESTS := $(wildcard tests/host/test_*.c)
HOST_BINS  := $(HOST_TESTS:tests/host/%.c=$(B)/host/%)
HOST_PURE_OBJS := $(HOST_PURE:%.c=$(B)/host/%.o)
HOST_LIB   := $(B)/host/libatlas.a
HOST_ENV   := $(B)/host/tests/host/hostenv.o

$(B)/host/%.o: %.c tests/host/host.h $(STARTER_FILE)
	$(call msg,HOSTCC,$<)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -c $< -o $@

$(HOST_LIB): $(HOST_PURE_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/host/test_%: $(B)/host/tests/host/test_%.o $(B)/host/tests/host/hosttest.o $(HOST_ENV) \
		$(HOST_LIB)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $^

# keep the host objects between runs (make would delete them as intermediates).
# Not the archive's members: named in its rule, they are kept anyway, and
# marking them secondary would let make skip one added to HOST_PURE.
.SECONDARY: $(HOST_TESTS:%.c=$(B)/host/%.o) $(B)/host/tests/host/hosttest.o $(HOST_ENV)

# ---- fuzzers -------------------------------------------------------------------
# tests/fuzz/NAME.c is a libFuzzer harness for one parser of untrusted input
# (tests/fuzz/fuzz.h says how they are built).  Each is built twice:
#   build/host/fuzz_NAME  with the host compiler, ASan and UBSan and a replay main
#                         (tests/fuzz/replay.c): every input committed under
#                         tests/fuzz/NAME/{regressions,corpus}/, run by make test
#                         with the host unit tests (and alone by make fuzz-regress);
#   build/fuzz/NAME       with clang and libFuzzer: make fuzz runs each, one at a
#                         time, for FUZZ_SECONDS (FUZZERS= picks some), growing
#                         build/fuzz/corpus/NAME from the committed inputs; a
#                         failing input is saved in build/fuzz/crashes/NAME/.
# make fuzz-merge minimises what the runs found into tests/fuzz/NAME/corpus/,
# ready to commit.
FUZZCC       := clang
FUZZ_SECONDS ?= 60
FUZZERS      ?= $(basename $(notdir $(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c))))
FUZZ_ALL     := $(basename $(notdir $(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c))))
FUZZCFLAGS   := $(filter-out -fsanitize=address$(comma)undefined,$(HOSTCFLAGS)) \
	-fsanitize=fuzzer-no-link,address,undefined
FUZZ_BINS    := $(FUZZERS:%=$(B)/fuzz/%)
FUZZ_REPLAYS := $(FUZZ_ALL:%=$(B)/host/fuzz_%)
FUZZ_LIB     := $(B)/fuzz/libatlas.a
HOST_BINS    += $(FUZZ_REPLAYS)

$(B)/fuzz/obj/%.o: %.c tests/host/host.h $(STARTER_FILE)
	$(call msg,FUZZCC,$<)
	@mkdir -p $(@D)
	$(Q)$(FUZZCC) $(FUZZCFLAGS) -c $< -o $@

$(FUZZ_LIB): $(HOST_PURE:%.c=$(B)/fuzz/obj/%.o)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/fuzz/%: $(B)/fuzz/obj/tests/fuzz/%.o $(B)/fuzz/obj/tests/host/hostenv.o $(FUZZ_LIB)
	$(call msg,FUZZLD,$@)
	$(Q)$(FUZZCC) $(FUZZCFLAGS) -fsanitize=fuzzer -o $@ $^

$(B)/host/tests/fuzz/replay-%.o: tests/fuzz/replay.c tests/host/host.h $(STARTER_FILE)
	$(call msg,HOSTCC,$< ($*))
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -DFUZZ_DIR='"tests/fuzz/$*"' -c $< -o $@

$(B)/host/fuzz_%: $(B)/host/tests/fuzz/%.o $(B)/host/tests/fuzz/replay-%.o \
		$(B)/host/tests/host/hosttest.o $(HOST_ENV) $(HOST_LIB)
	$(call msg,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $^

.SECONDARY: $(FUZZ_ALL:%=$(B)/host/tests/fuzz/%.o) $(FUZZ_ALL:%=$(B)/host/tests/fuzz/replay-%.o) \
	$(FUZZ_ALL:%=$(B)/fuzz/obj/tests/fuzz/%.o) $(B)/fuzz/obj/tests/host/hostenv.o

fuzz-check-clang:
	@command -v $(FUZZCC) >/dev/null || { echo 'make fuzz needs clang and its libFuzzer' \
		'runtime: run scripts/install-deps'; exit 1; }

fuzz: fuzz-check-clang
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS)
	$(Q)failed=; for f in $(FUZZERS); do \
		mkdir -p $(B)/fuzz/corpus/$$f $(B)/fuzz/crashes/$$f tests/fuzz/$$f/corpus \
			tests/fuzz/$$f/regressions; \
		printf '  %-8s %s (%s s)\n' FUZZ $$f $(FUZZ_SECONDS); \
		if $(B)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
			-artifact_prefix=$(B)/fuzz/crashes/$$f/ $(B)/fuzz/corpus/$$f \
			tests/fuzz/$$f/corpus tests/fuzz/$$f/regressions > $(B)/fuzz/$$f.log 2>&1; then \
			grep -E '^Done [0-9]+ runs' $(B)/fuzz/$$f.log | sed 's/^/           /'; \
		else \
			grep -E -A3 'invariant failed|ERROR: (AddressSanitizer|libFuzzer)|runtime error' \
				$(B)/fuzz/$$f.log | grep -v -E '^ +#[0-9]+ ' | head -n 12 | sed 's/^/    /'; \
			echo "fuzz: $$f failed: the input is in $(B)/fuzz/crashes/$$f/," \
				"the log in $(B)/fuzz/$$f.log"; \
			failed="$$failed $$f"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

fuzz-merge: fuzz-check-clang
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS)
	$(Q)for f in $(FUZZERS); do \
		rm -rf $(B)/fuzz/merge/$$f && mkdir -p $(B)/fuzz/merge/$$f tests/fuzz/$$f/corpus && \
		$(B)/fuzz/$$f -merge=1 $(B)/fuzz/merge/$$f tests/fuzz/$$f/corpus \
			$(B)/fuzz/corpus/$$f > $(B)/fuzz/$$f-merge.log 2>&1 && \
		rm -rf tests/fuzz/$$f/corpus && cp -r $(B)/fuzz/merge/$$f tests/fuzz/$$f/corpus && \
		printf '  %-8s %s: %s inputs\n' MERGE $$f "$$(ls tests/fuzz/$$f/corpus | wc -l)" || \
		{ tail -n 20 $(B)/fuzz/$$f-merge.log; exit 1; }; \
	done

fuzz-regress: $(FUZZ_REPLAYS)
	$(Q)$(PYTHON) tests/host/run_all.py $(FUZZ_REPLAYS)

test-host: $(HOST_BINS)
	$(Q)$(PYTHON) tests/host/run_all.py $(HOST_BINS)

# SUITES reaches the runner through the environment; given but empty or not a
# list of names, the runner refuses it (unset, every suite runs).
SUITES_GIVEN := $(if $(filter undefined,$(origin SUITES)),,--suites "$$SUITES")
export SUITES

test-guest: $(KERNEL) $(INITRAMFS)
	$(Q)$(PYTHON) tests/runner.py --kernel $(KERNEL) $(SUITES_GIVEN)

test-gdb: $(KERNEL) $(INITRAMFS)
	$(Q)$(PYTHON) tests/gdb_check.py --kernel $(KERNEL)

# make test runs every suite twice in one boot (selftest.repeat=2): a suite
# must pass when run again.
test: $(KERNEL) $(INITRAMFS)
	$(Q)$(PYTHON) tests/runner.py --all --kernel $(KERNEL) --repeat 2 \
		--host-tests "$(HOST_BINS)" $(SUITES_GIVEN)

# make test builds the host tests first (they are its first stage), and the
# user programs its user-space stage runs
test: $(HOST_BINS) user

test-matrix: $(KERNEL) $(INITRAMFS)
	$(Q)$(PYTHON) tests/runner.py --matrix --kernel $(KERNEL)

# ---- labs ------------------------------------------------------------------------
# The coursework (labs/): make lab LAB=N DEST=dir cuts lab N's starter tree
# (scripts/mklab: lab N's marked regions cut to their starter code, the other
# labs' left solved); make grade runs the graded tests (tests/grade.py, as
# labs/NN-name.grade lists them) of every lab, of LAB=N, or, in a starter
# tree, of its lab, and prints a table and Score: N/M.
lab:
	$(if $(and $(LAB),$(DEST)),,$(error make lab wants LAB=N and DEST=dir, e.g. make lab LAB=3 DEST=~/atlas-lab3))
	$(Q)$(PYTHON) scripts/mklab $(call shell_quote,$(LAB)) $(call shell_quote,$(DEST))

# make lab-check (CI): every lab's starter tree cut, built without a warning,
# booted and graded (its free points exactly), and this tree graded in full.
lab-check: $(KERNEL) $(INITRAMFS) $(HOST_BINS) user
	$(Q)$(PYTHON) tests/labs_check.py --full

grade: $(KERNEL) $(INITRAMFS) $(HOST_BINS) user
	$(Q)$(PYTHON) tests/grade.py --kernel $(KERNEL) --host-dir $(B)/host \
		$(if $(LAB),--lab $(call shell_quote,$(LAB)))

# compile_commands.json, written from the flags above without building or
# cleaning anything: one entry per C file, kernel flags for kernel sources,
# host-test flags for every other C file (COMPDB=FILE writes elsewhere).
COMPDB ?= compile_commands.json
compdb: export COMPDB_KERNEL = $(CC) $(KCFLAGS)
compdb: export COMPDB_HOST = $(HOSTCC) $(HOSTCFLAGS)
compdb: export COMPDB_KERNEL_SOURCES = $(KSRC_C)
compdb:
	$(call msg,GEN,$(COMPDB))
	$(Q)$(PYTHON) scripts/compdb $(B) $(COMPDB)

clean:
	$(Q)rm -rf $(B) compile_commands.json

-include $(shell find $(B) -name '*.d' 2>/dev/null)
