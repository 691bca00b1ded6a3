/**
 * VQ-VAE implementation details: the SameDiff training graph, the allocation-free batched serving kernel (GEMM
 * distance computation into preallocated ND4J buffers), the per-stream window state. Not a public API.
 */
package io.beliefstream.models.vqvae.internal;
