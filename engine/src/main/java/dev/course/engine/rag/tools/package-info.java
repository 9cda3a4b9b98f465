/**
 * Tool use, the step from RAG to agents: a model (or an offline {@link dev.course.engine.rag.tools.ScriptedPlanner})
 * decides which {@link dev.course.engine.rag.tools.Tool} to call with which JSON arguments, a
 * {@link dev.course.engine.rag.tools.ToolLoop} runs the calls and feeds the results back, until the
 * planner answers or the step limit is reached. Searching a source is one tool among others
 * (a calculator, a Java snippet runner). The {@link dev.course.engine.rag.tools.OpenAiToolPlanner}
 * speaks the OpenAI "tools" format, which Ollama, llama.cpp's server and vLLM also accept.
 */
package dev.course.engine.rag.tools;
