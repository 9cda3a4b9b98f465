/**
 * The model service: the server's one copy of each bundled embedding model, computing encoder
 * forward passes for every learner's kernel ({@link dev.course.server.models.ModelService}), with
 * a fair, bounded queue ({@link dev.course.server.models.FairQueue}) and per-request limits
 * ({@link dev.course.server.models.ModelServiceLimits}); {@link dev.course.server.models.ModelComm}
 * is one kernel's comm to it.
 */
package dev.course.server.models;
