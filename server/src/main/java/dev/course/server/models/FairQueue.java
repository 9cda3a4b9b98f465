package dev.course.server.models;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A queue shared by many senders that serves them in turn: one item of each sender with work
 * waiting, round and round, rather than first come first served. A kernel that sends a hundred
 * requests therefore delays another kernel's single request by at most one of its own, not a
 * hundred.
 *
 * <p>It is also bounded, twice: each sender may have {@code perSender} items waiting, and all
 * together {@code total}; {@link #offer} refuses beyond that instead of growing, so a flood costs
 * its sender refusals, not the server memory.
 *
 * <p>With {@code oneAtATime}, a sender also has at most one item <em>taken and not yet
 * {@linkplain #done done}</em>: its next item waits, even for an idle taker, until the first is
 * finished. Workers pulling from such a queue give each sender at most one of them, so a sender's
 * flood can never occupy more than one worker (one core, for CPU-bound work), however many are idle.
 *
 * @param <T> what is queued
 */
public final class FairQueue<T> {

    private final int perSender;
    private final int total;
    /** Senders with work waiting, in the order they get their next turn. */
    private final Map<String, Deque<T>> waiting = new LinkedHashMap<>();
    private final boolean oneAtATime;
    /** Senders with an item taken and not yet done (only with {@link #oneAtATime}). */
    private final Set<String> running = new HashSet<>();
    private int size;
    private boolean closed;

    /** A queue that hands out a sender's items as fast as they are taken. */
    public FairQueue(int perSender, int total) {
        this(perSender, total, false);
    }

    /**
     * @param oneAtATime whether a sender's next item waits until its previous one is {@linkplain #done done}
     */
    public FairQueue(int perSender, int total, boolean oneAtATime) {
        if (perSender < 1 || total < perSender) {
            throw new IllegalArgumentException("need 1 <= perSender <= total, got " + perSender + " and " + total);
        }
        this.perSender = perSender;
        this.total = total;
        this.oneAtATime = oneAtATime;
    }

    /**
     * Queues an item after the sender's earlier ones.
     *
     * @return false, queuing nothing, when the sender or the whole queue is full (or it is closed)
     */
    public synchronized boolean offer(String sender, T item) {
        Deque<T> mine = waiting.get(sender);
        if (closed || size >= total || (mine != null && mine.size() >= perSender)) {
            return false;
        }
        if (mine == null) {
            mine = new ArrayDeque<>();
            waiting.put(sender, mine);
        }
        mine.addLast(item);
        size++;
        notifyAll();
        return true;
    }

    /**
     * The next item: the oldest of the sender whose turn it is; that sender then goes to the back
     * of the line. Waits while the queue is empty (or, with {@code oneAtATime}, while every sender
     * with work waiting still has an item running).
     *
     * @throws InterruptedException when interrupted while waiting, or when the queue is closed
     */
    public synchronized T take() throws InterruptedException {
        while (true) {
            for (Iterator<Map.Entry<String, Deque<T>>> turns = waiting.entrySet().iterator(); turns.hasNext(); ) {
                var turn = turns.next();
                String sender = turn.getKey();
                if (oneAtATime && running.contains(sender)) {
                    continue; // keeps its place in the line
                }
                turns.remove();
                Deque<T> items = turn.getValue();
                T item = items.removeFirst();
                size--;
                if (!items.isEmpty()) {
                    waiting.put(sender, items); // to the back of the line
                }
                if (oneAtATime) {
                    running.add(sender);
                }
                return item;
            }
            if (closed) {
                throw new InterruptedException("the queue is closed");
            }
            wait();
        }
    }

    /** Says that the item last taken for this sender is finished, so its next one may be taken. */
    public synchronized void done(String sender) {
        if (running.remove(sender)) {
            notifyAll();
        }
    }

    /** Drops everything a sender has waiting (its kernel is gone); returns how many. */
    public synchronized int removeAll(String sender) {
        Deque<T> items = waiting.remove(sender);
        int removed = items == null ? 0 : items.size();
        size -= removed;
        return removed;
    }

    /** How many items wait now. */
    public synchronized int size() {
        return size;
    }

    /** Refuses new items and wakes every waiting {@link #take}. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
