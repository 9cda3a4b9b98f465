package dev.course.server.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny assembler for classic BPF, the language of seccomp filters: the program is a list of
 * 8-byte instructions ({@code struct sock_filter}: a 16-bit opcode, two 8-bit jump offsets, a
 * 32-bit constant) that the Linux kernel runs on every system call, over the call's
 * {@code struct seccomp_data}. It has one register (the accumulator), loads 32-bit words at fixed
 * offsets, compares them with constants, jumps only forwards, and ends by returning a verdict.
 *
 * <p>Only the handful of instructions a seccomp filter needs are here. Jumps name a label; labels
 * are resolved by {@link #assemble()}, which refuses a jump further than classic BPF can encode
 * (255 instructions) or to a label that does not exist. The bytes are in the machine's byte order,
 * as the kernel reads them.
 */
public final class ClassicBpf {

    /** Opcodes, as in {@code linux/bpf_common.h}: class | size | mode, or class | operation | source. */
    static final short LOAD_WORD_ABSOLUTE = 0x20; // BPF_LD | BPF_W | BPF_ABS
    static final short JUMP_ALWAYS = 0x05;        // BPF_JMP | BPF_JA
    static final short JUMP_IF_EQUAL = 0x15;      // BPF_JMP | BPF_JEQ | BPF_K
    static final short JUMP_IF_AT_LEAST = 0x35;   // BPF_JMP | BPF_JGE | BPF_K (unsigned)
    static final short JUMP_IF_ANY_BIT = 0x45;    // BPF_JMP | BPF_JSET | BPF_K
    static final short RETURN = 0x06;             // BPF_RET | BPF_K

    /** The longest jump classic BPF encodes in a conditional instruction's 8-bit offsets. */
    static final int MAX_JUMP = 255;
    /** The kernel's limit on a filter's length ({@code BPF_MAXINSNS}). */
    static final int MAX_INSTRUCTIONS = 4096;

    /** One encoded instruction; jump offsets count instructions after the next one. */
    public record Instruction(short code, int jumpIfTrue, int jumpIfFalse, int constant) {
        public Instruction {
            if (jumpIfTrue < 0 || jumpIfTrue > MAX_JUMP || jumpIfFalse < 0 || jumpIfFalse > MAX_JUMP) {
                throw new IllegalArgumentException("jump offsets must be 0.." + MAX_JUMP);
            }
        }
    }

    /** An instruction before its labels are resolved; null labels mean "fall through". */
    private record Pending(short code, String labelIfTrue, String labelIfFalse, int constant) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    /** Loads the 32-bit word at {@code offset} of the input into the accumulator. */
    public ClassicBpf load(int offset) {
        return add(new Pending(LOAD_WORD_ABSOLUTE, null, null, offset));
    }

    /** Jumps to {@code label} if the accumulator equals {@code value}, else goes on. */
    public ClassicBpf jumpIfEqual(int value, String label) {
        return add(new Pending(JUMP_IF_EQUAL, label, null, value));
    }

    /** Jumps to {@code label} unless the accumulator equals {@code value}, else goes on. */
    public ClassicBpf jumpUnlessEqual(int value, String label) {
        return add(new Pending(JUMP_IF_EQUAL, null, label, value));
    }

    /** Jumps to {@code label} if the accumulator, unsigned, is at least {@code value}. */
    public ClassicBpf jumpIfAtLeast(int value, String label) {
        return add(new Pending(JUMP_IF_AT_LEAST, label, null, value));
    }

    /** Jumps to {@code label} if the accumulator has any of the bits of {@code mask}. */
    public ClassicBpf jumpIfAnyBit(int mask, String label) {
        return add(new Pending(JUMP_IF_ANY_BIT, label, null, mask));
    }

    /** Jumps to {@code label} unconditionally. */
    public ClassicBpf jump(String label) {
        return add(new Pending(JUMP_ALWAYS, label, null, 0));
    }

    /** Ends the program with {@code verdict}. */
    public ClassicBpf returns(int verdict) {
        return add(new Pending(RETURN, null, null, verdict));
    }

    /** Names the next instruction, so that jumps can reach it. */
    public ClassicBpf label(String name) {
        if (labels.putIfAbsent(name, pending.size()) != null) {
            throw new IllegalArgumentException("label '" + name + "' is defined twice");
        }
        return this;
    }

    private ClassicBpf add(Pending instruction) {
        pending.add(instruction);
        return this;
    }

    /** The instructions with every label turned into a forward offset. */
    public List<Instruction> assemble() {
        if (pending.isEmpty() || pending.size() > MAX_INSTRUCTIONS) {
            throw new IllegalStateException("a filter has 1.." + MAX_INSTRUCTIONS + " instructions, this one " + pending.size());
        }
        if (pending.getLast().code() != RETURN) {
            throw new IllegalStateException("a filter must end with a return");
        }
        List<Instruction> program = new ArrayList<>();
        for (int at = 0; at < pending.size(); at++) {
            Pending p = pending.get(at);
            if (p.code() == JUMP_ALWAYS) {
                program.add(new Instruction(p.code(), 0, 0, offset(at, p.labelIfTrue(), Integer.MAX_VALUE)));
            } else {
                program.add(new Instruction(p.code(), offset(at, p.labelIfTrue(), MAX_JUMP),
                        offset(at, p.labelIfFalse(), MAX_JUMP), p.constant()));
            }
        }
        return program;
    }

    /** How many instructions to skip after the one at {@code at} to reach {@code label} (0 for none). */
    private int offset(int at, String label, int limit) {
        if (label == null) {
            return 0;
        }
        Integer target = labels.get(label);
        if (target == null) {
            throw new IllegalStateException("jump to undefined label '" + label + "'");
        }
        int skip = target - at - 1;
        if (skip < 0 || skip > limit) {
            throw new IllegalStateException("jump from " + at + " to '" + label + "' (" + target
                    + ") is not a forward jump within " + limit + " instructions");
        }
        return skip;
    }

    /** The program as the kernel reads it: 8 bytes per instruction, in this machine's byte order. */
    public byte[] bytes() {
        List<Instruction> program = assemble();
        ByteBuffer buffer = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
        for (Instruction instruction : program) {
            buffer.putShort(instruction.code()).put((byte) instruction.jumpIfTrue()).put((byte) instruction.jumpIfFalse())
                    .putInt(instruction.constant());
        }
        return buffer.array();
    }
}
