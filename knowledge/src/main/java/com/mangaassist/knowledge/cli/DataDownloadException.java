package com.mangaassist.knowledge.cli;

/** The knowledge data could not be downloaded whole; nothing was ingested. The message is one line for the CLI to print. */
final class DataDownloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DataDownloadException(String message) {
        super(message);
    }

    DataDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
