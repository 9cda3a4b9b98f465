package dev.course.engine.embed;

/**
 * One text's embedding with a note of how it was made.
 *
 * @param vector    the unit-length vector
 * @param tokens    how many tokens the text had, without [CLS] and [SEP]
 * @param windows   how many encoder windows were run (more than one only for long texts averaged
 *                  with {@link LongTextPolicy#AVERAGE_WINDOWS})
 * @param truncated true when tokens beyond the window were dropped ({@link LongTextPolicy#TRUNCATE})
 */
public record Embedding(float[] vector, int tokens, int windows, boolean truncated) {
}
