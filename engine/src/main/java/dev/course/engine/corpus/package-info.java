/**
 * Collections to search, and their indexes on disk: {@link dev.course.engine.corpus.CorpusSource}
 * names one ({@link dev.course.engine.corpus.JdkApiCorpus}, the Java library's API documentation
 * parsed from the JDK's {@code src.zip}; {@link dev.course.engine.corpus.LessonsCorpus}, the course
 * itself; {@link dev.course.engine.corpus.FolderCorpus}, any folder of Markdown and text),
 * {@link dev.course.engine.corpus.CorpusIndex} builds it once (BM25 + HNSW) and reopens it, and
 * {@link dev.course.engine.corpus.JdkQuestions} judges searches over the small JDK sample.
 */
package dev.course.engine.corpus;
