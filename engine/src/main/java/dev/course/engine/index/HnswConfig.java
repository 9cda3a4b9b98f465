package dev.course.engine.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How the HNSW graph of a vector index is built.
 *
 * <p>HNSW (hierarchical navigable small world) links every vector to a few near neighbours, in
 * layers from sparse to dense; a search walks the graph greedily towards the query instead of
 * comparing it with every vector. Two numbers trade build time and memory for recall:
 *
 * @param maxConn         M, the number of neighbours each node keeps (Lucene: 16 by default,
 *                        at most 512). More links find neighbours more reliably and cost memory.
 * @param beamWidth       how many candidates are kept while finding a new node's neighbours during
 *                        indexing (Lucene: 100, at most 3200). Wider builds a better graph, slower.
 * @param scalarQuantized store int8 copies of the vectors (Lucene104HnswScalarQuantizedVectorsFormat,
 *                        one byte per dimension, Lucene's default encoding) and search with those:
 *                        about 4x less memory for the vectors, at some loss of precision. The float
 *                        vectors are still kept.
 */
public record HnswConfig(int maxConn, int beamWidth, boolean scalarQuantized) {

    public static final int DEFAULT_MAX_CONN = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
    public static final int DEFAULT_BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;
    /** How the quantised copies are stored: Lucene's default, one unsigned byte per dimension. */
    public static final ScalarEncoding QUANTIZATION = ScalarEncoding.UNSIGNED_BYTE;

    /** Lucene's defaults, float vectors. */
    public static final HnswConfig DEFAULT = new HnswConfig(DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, false);

    public HnswConfig {
        if (maxConn < 2 || maxConn > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
            throw new IllegalArgumentException("maxConn must be in [2, " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN
                    + "], got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
            throw new IllegalArgumentException("beamWidth must be in [1, " + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH
                    + "], got " + beamWidth);
        }
    }

    public HnswConfig withScalarQuantization(boolean on) {
        return new HnswConfig(maxConn, beamWidth, on);
    }

    /** The Lucene vectors format these settings describe. */
    public KnnVectorsFormat format() {
        if (scalarQuantized) {
            return new Lucene104HnswScalarQuantizedVectorsFormat(QUANTIZATION, maxConn, beamWidth);
        }
        return new Lucene99HnswVectorsFormat(maxConn, beamWidth);
    }
}
