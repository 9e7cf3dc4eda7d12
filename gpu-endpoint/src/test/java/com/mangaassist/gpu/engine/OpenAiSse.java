package com.mangaassist.gpu.engine;

/** Streaming chat-completion bodies as vLLM sends them, for scripted engines in tests. */
public final class OpenAiSse {

    private OpenAiSse() {
    }

    /** One delta per piece, then finish_reason "stop", a usage chunk and [DONE]. */
    public static String completion(String... contents) {
        StringBuilder body = new StringBuilder();
        for (String content : contents) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(content).append("\"},\"finish_reason\":null}]}\n\n");
        }
        body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        body.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":37,\"completion_tokens\":").append(contents.length).append("}}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }
}
