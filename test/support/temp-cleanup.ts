import { removeTempDirs } from './synth-sites';

// Jest setupFilesAfterEach: every temp directory a test file made with tempDir() is removed after it, so a run leaves the temp directory as it found it.
afterAll(removeTempDirs);
