import GleanerCLI

Gleaner.main()
