/*
 * traps suite: exceptions, the oops report, the exception table and the
 * fault catcher.  Every fault here is deliberate and recovered from; the
 * cases check what the kernel printed about it, since that report is what a
 * student reads when their own code faults.
 */
#include <asm/desc.h>
#include <asm/page.h>
#include <errno.h>
#include <kernel/kallsyms.h>
#include <kernel/kunit.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/traps.h>
#include <kernel/uaccess.h>

#define NON_CANONICAL 0x8000000000000000UL      /* bits 63..48 must copy bit 47 */

static u64 known_value = 0x1122334455667788ULL;

static void traps_nofault_reads_mapped_memory(struct kunit *test)
{
	u64 v = 0;

	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, &known_value), 0);
	KUNIT_EXPECT_EQ(test, v, 0x1122334455667788ULL);
}

/* Page faults (not present) and a #GP (non-canonical) both reach the fixup. */
static void traps_nofault_survives_unmapped_and_bad_addresses(struct kunit *test)
{
	u64 v = 0;
	u8 byte = 0x5a;

	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u64 *)NULL), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u64 *)(VMALLOC_END & PAGE_MASK)), -EFAULT);
	KUNIT_EXPECT_EQ(test, get_kernel_nofault(v, (u64 *)NON_CANONICAL), -EFAULT);
	KUNIT_EXPECT_EQ(test, copy_to_kernel_nofault((void *)8, &byte, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, copy_to_kernel_nofault(&known_value, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, known_value, 0x112233445566775aULL);
	known_value = 0x1122334455667788ULL;
}

static void __noinline deref_null(void *arg)
{
	*(volatile int *)arg;
}

static void __noinline write_null(void *arg)
{
	*(volatile int *)arg = 1;
}

/* The report Linux prints for a NULL dereference, with a symbolised trace. */
static void traps_null_dereference_oops_names_address_and_caller(struct kunit *test)
{
	struct fault_record rec;
	size_t pos = log_buf_pos();

	KUNIT_ASSERT_EQ(test, try_catch_fault(deref_null, NULL, &rec, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.vector, X86_TRAP_PF);
	KUNIT_EXPECT_EQ(test, rec.address, 0);
	KUNIT_EXPECT_EQ(test, rec.error_code, 0);               /* read, not present, kernel */
	KUNIT_EXPECT_STREQ(test, kallsyms_lookup(rec.ip, NULL, NULL), "deref_null");
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		"BUG: kernel NULL pointer dereference, address: 0000000000000000"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "#PF: supervisor read access in kernel mode"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "#PF: error_code(0x0000) - not-present page"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "RIP: 0010:deref_null+"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "CR2: 0000000000000000"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "Call Trace:"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, " try_catch_fault+"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos,
		" traps_null_dereference_oops_names_address_and_caller+"));
}

static void traps_write_fault_is_decoded(struct kunit *test)
{
	struct fault_record rec;
	size_t pos = log_buf_pos();

	KUNIT_ASSERT_EQ(test, try_catch_fault(write_null, (void *)0x10, &rec, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.address, 0x10);
	KUNIT_EXPECT_EQ(test, rec.error_code, X86_PF_WRITE);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "#PF: supervisor write access in kernel mode"));
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "#PF: error_code(0x0002) - not-present page"));
}

static void __noinline fault_gp(void *arg)
{
	*(volatile u64 *)NON_CANONICAL;
}

static void __noinline fault_ud(void *arg)
{
	__asm__ volatile("ud2");
}

static void __noinline fault_de(void *arg)
{
	u32 x = 100;

	/* in assembly: C's division by zero is undefined, the compiler may drop it */
	__asm__ volatile("xorl %%edx, %%edx; divl %1" : "+a"(x) : "r"(0) : "edx");
}

static void expect_exception(struct kunit *test, void (*fn)(void *), unsigned long vector,
			     const char *report)
{
	struct fault_record rec;
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, try_catch_fault(fn, NULL, &rec, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, rec.vector, vector);
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, report));
}

static void traps_gp_ud_and_divide_error_are_named(struct kunit *test)
{
	expect_exception(test, fault_gp, X86_TRAP_GP, "general protection fault: 0000 [#");
	expect_exception(test, fault_ud, X86_TRAP_UD, "invalid opcode: 0000 [#");
	expect_exception(test, fault_de, X86_TRAP_DE, "divide error: 0000 [#");
}

static void traps_catcher_is_silent_unless_asked(struct kunit *test)
{
	size_t pos = log_buf_pos();

	KUNIT_EXPECT_EQ(test, try_catch_fault(deref_null, NULL, NULL, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, log_buf_pos(), pos);
}

static void nested_fault(void *arg)
{
	*(int *)arg = try_catch_fault(deref_null, NULL, NULL, false);
	deref_null(NULL);               /* the outer catcher must still be armed */
}

static void traps_catchers_nest(struct kunit *test)
{
	int inner = 1;

	KUNIT_EXPECT_EQ(test, try_catch_fault(nested_fault, &inner, NULL, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, inner, -EFAULT);
	KUNIT_EXPECT_EQ(test, try_catch_fault(fault_ud, NULL, NULL, false), -EFAULT);
}

static void traps_int3_reports_and_continues(struct kunit *test)
{
	size_t pos = log_buf_pos();

	__asm__ volatile("int3");
	KUNIT_EXPECT_TRUE(test, log_contains_since(pos, "int3 at traps_int3_reports_and_continues+"));
}

extern const unsigned long exception_stubs[32];

/* The IDT as the CPU sees it: every exception has a gate; #DF, NMI, #MC own IST stacks. */
static void traps_idt_gates_and_ist_stacks(struct kunit *test)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) idtr;
	const u8 *idt;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	KUNIT_ASSERT_EQ(test, idtr.limit, 256 * 16 - 1);
	idt = (const u8 *)idtr.base;
	for (int v = 0; v < 32; v++) {
		u64 handler = *(const u16 *)(idt + v * 16) |
			      (u64)*(const u16 *)(idt + v * 16 + 6) << 16 |
			      (u64)*(const u32 *)(idt + v * 16 + 8) << 32;

		KUNIT_EXPECT_EQ(test, idt[v * 16 + 5], 0x8e);          /* present interrupt gate */
		KUNIT_EXPECT_EQ(test, *(const u16 *)(idt + v * 16 + 2), __KERNEL_CS);
		KUNIT_EXPECT_EQ(test, handler, exception_stubs[v]);
	}
	KUNIT_EXPECT_EQ(test, idt[X86_TRAP_DF * 16 + 4], IST_DF);
	KUNIT_EXPECT_EQ(test, idt[X86_TRAP_NMI * 16 + 4], IST_NMI);
	KUNIT_EXPECT_EQ(test, idt[X86_TRAP_MC * 16 + 4], IST_MCE);
	KUNIT_EXPECT_EQ(test, idt[X86_TRAP_PF * 16 + 4], 0);
}

static void traps_symbols_resolve(struct kunit *test)
{
	unsigned long addr = (unsigned long)deref_null, size = 0, off = 1;

	KUNIT_EXPECT_STREQ(test, kallsyms_lookup(addr, &size, &off), "deref_null");
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_GT(test, size, 0);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("deref_null"), addr);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("no_such_symbol_here"), 0);
	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0x1000, NULL, NULL));
}

static struct kunit_case traps_cases[] = {
	KUNIT_CASE(traps_nofault_reads_mapped_memory),
	KUNIT_CASE(traps_nofault_survives_unmapped_and_bad_addresses),
	KUNIT_CASE(traps_null_dereference_oops_names_address_and_caller),
	KUNIT_CASE(traps_write_fault_is_decoded),
	KUNIT_CASE(traps_gp_ud_and_divide_error_are_named),
	KUNIT_CASE(traps_catcher_is_silent_unless_asked),
	KUNIT_CASE(traps_catchers_nest),
	KUNIT_CASE(traps_int3_reports_and_continues),
	KUNIT_CASE(traps_idt_gates_and_ist_stacks),
	KUNIT_CASE(traps_symbols_resolve),
	{}
};

static struct kunit_suite traps_suite = {
	.name = "traps",
	.test_cases = traps_cases,
};
kunit_test_suite(traps_suite);
