/**
 * Collections to search, and their indexes on disk: {@link dev.course.engine.corpus.CorpusSource}
 * names one ({@link dev.course.engine.corpus.JdkApiCorpus}, the Java library's API documentation
 * parsed from the JDK's {@code src.zip}, the one JDK reader, whose {@link dev.course.engine.corpus.ApiMember}s
 * search, RAG and training read; {@link dev.course.engine.corpus.LessonsCorpus}, the course
 * itself; {@link dev.course.engine.corpus.FolderCorpus}, any folder of Markdown, text and Java),
 * {@link dev.course.engine.corpus.CorpusIndex} builds it once (BM25 + HNSW) and reopens it, and
 * {@link dev.course.engine.corpus.JdkQuestions} judges searches over the small JDK sample;
 * {@link dev.course.engine.corpus.JdkSearch} is how the whole JDK's index is searched.
 *
 * <p>It is the course's one corpus layer: search, RAG, training and the server's course search read
 * lessons and folders here, and Markdown is cut into sections in one place
 * ({@link dev.course.engine.corpus.MarkdownSections}), with the lesson page's anchors
 * ({@link dev.course.engine.corpus.HeadingAnchors}).
 */
package dev.course.engine.corpus;
