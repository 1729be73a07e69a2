import GleanerCLI

Gleaner.mainWithPlainErrors()
