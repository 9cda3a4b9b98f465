/**
 * Real models on the learner's disk: fetching them from the Hugging Face Hub ({@link
 * dev.course.server.modelhub.HubClient}), checked byte for byte before use ({@link
 * dev.course.server.modelhub.Checksums}). This is command-line code: the engine never downloads
 * anything, and a lesson only ever opens files that are already here.
 */
package dev.course.server.modelhub;
