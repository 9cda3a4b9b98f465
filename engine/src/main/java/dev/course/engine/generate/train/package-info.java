/**
 * Training tiny Llama-architecture models in pure Java: {@link dev.course.engine.generate.train.TrainableLlama}
 * (forward and backward passes), {@link dev.course.engine.generate.train.AdamW},
 * {@link dev.course.engine.generate.train.LearningRateSchedule}, {@link dev.course.engine.generate.train.Trainer}
 * (the recipe), {@link dev.course.engine.generate.train.Checkpoint}, {@link dev.course.engine.generate.train.GgufExport}
 * (save as GGUF for the inference engine), {@link dev.course.engine.generate.train.Corpus} and
 * {@link dev.course.engine.generate.train.TrainedModels} (the course's cached models).
 */
package dev.course.engine.generate.train;
