package dev.course.kernel.handling;

import dev.course.kernel.protocol.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The comms the kernel itself opened (Jupyter's {@code comm_open} / {@code comm_msg} /
 * {@code comm_close}), and the delivery of the messages the other side sends on them.
 *
 * <p>Why not the shell queue: a comm the kernel opens is one a running cell waits on — the model
 * service's answers arrive while the cell that asked is still running, and the shell thread is
 * busy with that very cell. So {@code comm_msg} and {@code comm_close} for a registered comm are
 * delivered straight from the transport's reader thread to the comm's receiver (which must not
 * block), without busy/idle status. Messages for comms nobody registered take the usual path and
 * are ignored like any unknown request.
 */
public final class Comms {

    private static final Logger LOG = Logger.getLogger(Comms.class.getName());

    private final Map<String, Consumer<Message>> receivers = new ConcurrentHashMap<>();

    /** From now on, messages for {@code commId} go to {@code receiver}, on the transport's thread. */
    public void register(String commId, Consumer<Message> receiver) {
        receivers.put(commId, receiver);
    }

    /**
     * Delivers a message if it belongs to a registered comm.
     *
     * @return whether it did (the caller then does nothing else with it)
     */
    public boolean route(Message message) {
        String type = message.type();
        if (!type.equals("comm_msg") && !type.equals("comm_close")) {
            return false;
        }
        Consumer<Message> receiver = receivers.get(message.content().path("comm_id").asText(""));
        if (receiver == null) {
            return false;
        }
        try {
            receiver.accept(message);
        } catch (RuntimeException e) {
            // The reader thread must survive whatever a comm message contains.
            LOG.log(Level.WARNING, "a " + type + " on comm " + message.content().path("comm_id").asText() + " failed", e);
        }
        return true;
    }
}
