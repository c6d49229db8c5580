"""The kernel command line split into words as Linux splits it (next_arg() in
lib/cmdline.c, and Atlas's kernel/cmdline.c): whitespace outside double quotes
separates words; a double quote toggles quoting and is dropped; nothing else is
special (no backslash escapes, a single quote is an ordinary character).  So
run="e820;dmesg" is the one word run=e820;dmesg, run="walk 0x1000" the one
word run=walk 0x1000, and x=it's the word x=it's.

Used by scripts/qemu.py and scripts/mkiso, which must agree with the kernel.
"""

SPACE = " \t\n\v\f\r"          # Linux's isspace() in ASCII


def split(cmdline):
    """The words of cmdline; ValueError on an unbalanced double quote."""
    words, word, quoted, in_word = [], [], False, False
    for c in cmdline:
        if c == '"':
            quoted, in_word = not quoted, True
        elif c in SPACE and not quoted:
            if in_word:
                words.append("".join(word))
            word, in_word = [], False
        else:
            word.append(c)
            in_word = True
    if quoted:
        raise ValueError("a double quote is not closed")
    if in_word:
        words.append("".join(word))
    return words
