/** {@link dev.course.engine.generate.openai.OpenAiGenerator}: a streaming client for OpenAI-compatible chat servers. */
package dev.course.engine.generate.openai;
