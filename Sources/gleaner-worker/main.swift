import GleanerCLI

// Flags may also come from GLEANER_<FLAG> environment variables (EnvironmentArguments).
WorkerCommand.mainReadingEnvironment()
