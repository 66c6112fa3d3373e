/**
 * tfjs-core registers no gradient functions by itself; the union package's bundle registers all of
 * them (in the global registry every backend shares). Import this before any tf.grad.
 */
import '@tensorflow/tfjs';
