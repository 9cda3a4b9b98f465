/**
 * The inputs of this kernel's session, kept for Jupyter's {@code history_request}: a bounded
 * {@link dev.course.kernel.history.CellHistory} and the three kinds of
 * {@link dev.course.kernel.history.HistoryQuery} the protocol defines.
 */
package dev.course.kernel.history;
