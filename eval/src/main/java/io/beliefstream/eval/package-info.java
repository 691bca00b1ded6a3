/** Evaluation on externally authored data: NAB anomaly scoring and rolling-origin forecast evaluation. */
package io.beliefstream.eval;
