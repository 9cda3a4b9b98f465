/** Choosing the next token: greedy, temperature, top-k, top-p, repetition penalty, seeded. */
package dev.course.engine.generate.sample;
