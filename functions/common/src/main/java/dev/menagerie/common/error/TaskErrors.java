package dev.menagerie.common.error;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exceptions a Step Functions task function raises on purpose, for a Retry or Catch to name. On
 * AWS the Java runtime reports a failed invocation's {@code errorType} as the exception's class
 * name ({@link Class#getName()}), so that is the name the ASL lists. A contract test checks every
 * {@code ErrorEquals} name of {@code statemachines/} against the invoked function's list.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskErrors {
  /** The exception classes, each raised by the function for a condition worth retrying. */
  Class<? extends RuntimeException>[] value();
}
