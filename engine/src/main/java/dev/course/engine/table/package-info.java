/** A tiny table type that renders as HTML in lesson pages and as aligned text in terminals. */
package dev.course.engine.table;
