package dev.course.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.CommTargets;
import dev.course.kernel.protocol.Messages;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One kernel's Jupyter comms, as the server sees them: the {@value CommTargets#MODELS} comm carries model
 * requests to the {@link ModelService} and its answers back; every comm message stops here and
 * none reaches the browser.
 *
 * <ul>
 *   <li>{@code comm_open} with target {@value CommTargets#MODELS}: remembered, or answered with
 *       {@code comm_close} (and a reason the kernel shows) when this server has no model service
 *       or the target is unknown;
 *   <li>{@code comm_msg} on an open comm: its {@code data} goes to {@link ModelService#submit},
 *       whose answer returns as a {@code comm_msg} on the shell channel with the same
 *       {@code comm_id};
 *   <li>{@code comm_close} from the kernel: forgotten.
 * </ul>
 */
public final class ModelComm {

    /** Comms one kernel may hold open; its client opens one, so more is a kernel misbehaving. */
    static final int MAX_OPEN_COMMS = 8;

    private final String kernel;
    private final ModelService service;
    private final Consumer<ObjectNode> toKernel;
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    /**
     * @param kernel   the kernel's name, for the service's fairness and limits
     * @param service  the model service, or null when the server runs without one
     * @param toKernel sends a message to the kernel (may block while the kernel does not read)
     */
    public ModelComm(String kernel, ModelService service, Consumer<ObjectNode> toKernel) {
        this.kernel = kernel;
        this.service = service;
        this.toKernel = toKernel;
    }

    /** Whether a message of this type is a comm message, which this class handles and nobody else sees. */
    public static boolean handles(String msgType) {
        return msgType.equals("comm_open") || msgType.equals("comm_msg") || msgType.equals("comm_close");
    }

    /** Handles one comm message from the kernel, on the thread that reads the kernel's output. */
    public void receive(JsonNode message) {
        JsonNode content = message.path("content");
        String commId = content.path("comm_id").asText("");
        if (commId.isEmpty()) {
            return;
        }
        switch (Messages.msgType(message)) {
            case "comm_open" -> {
                String target = content.path("target_name").asText("");
                if (!target.equals(CommTargets.MODELS)) {
                    close(commId, "this server has no comm target \"" + target + "\"");
                } else if (service == null) {
                    close(commId, "this course server runs without a model service; load models in the kernel instead");
                } else if (open.size() >= MAX_OPEN_COMMS) {
                    close(commId, "this kernel already has " + MAX_OPEN_COMMS + " model comms open");
                } else {
                    open.add(commId);
                }
            }
            case "comm_msg" -> {
                if (open.contains(commId) && service != null) {
                    service.submit(kernel, content.path("data"), answer -> toKernel.accept(commMessage("comm_msg", commId, answer)));
                }
            }
            case "comm_close" -> open.remove(commId);
            default -> {
                // Not a comm message.
            }
        }
    }

    /** Drops what the kernel still has waiting in the service: it has exited. */
    public void kernelExited() {
        open.clear();
        if (service != null) {
            service.forget(kernel);
        }
    }

    private void close(String commId, String reason) {
        toKernel.accept(commMessage("comm_close", commId, Messages.JSON.createObjectNode().put("reason", reason)));
    }

    private ObjectNode commMessage(String msgType, String commId, ObjectNode data) {
        ObjectNode content = Messages.JSON.createObjectNode();
        content.put("comm_id", commId);
        content.set("data", data);
        return Messages.request("shell", msgType, kernel, content);
    }
}
