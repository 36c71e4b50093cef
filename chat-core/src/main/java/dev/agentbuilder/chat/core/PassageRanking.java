package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact nearest passages: the cosine similarity of the question's embedding with every passage's, best first. Both
 * are normalised to length 1, so the similarity is their dot product. Exact search is right while an agent's
 * passages are few (20 files of text are some tens of thousands of passages: a few milliseconds of dot products of
 * 384 floats); see docs/knowledge.md for where it stops being right. Stateless.
 */
public final class PassageRanking {

    private PassageRanking() {
    }

    /** A passage and its similarity to the question. */
    public record Scored(Chunk chunk, double score) {
    }

    /**
     * The {@code k} passages most similar to {@code query}, best first, leaving out those below {@code minScore}.
     * Ties go to the earlier passage, so the answer is the same every time.
     */
    public static List<Scored> top(float[] query, List<Chunk> chunks, int k, double minScore) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1: " + k);
        }
        PriorityQueue<Scored> best = new PriorityQueue<>(k + 1, Comparator.comparingDouble(Scored::score));
        List<Scored> order = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            double score = dot(query, chunk.vector());
            if (score < minScore) {
                continue;
            }
            if (best.size() < k) {
                best.add(new Scored(chunk, score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new Scored(chunk, score));
            }
        }
        order.addAll(best);
        // Strictly better first; among equal scores, the first seen, which a strictly-greater replace kept.
        order.sort(Comparator.comparingDouble(Scored::score).reversed());
        return List.copyOf(order);
    }

    /** The dot product of two vectors of one length: their cosine similarity when both have length 1. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The vector scaled to length 1 (a zero vector stays zero). */
    public static float[] normalised(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (vector[i] / norm);
        }
        return out;
    }
}
