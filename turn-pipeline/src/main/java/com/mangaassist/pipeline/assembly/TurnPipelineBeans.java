package com.mangaassist.pipeline.assembly;

import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.feedback.AnswerFeedback;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.pipeline.usage.TokenQuotas;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The parts of the one assembly that a service's own beans inject, named once for both compute
 * paths: each service defines only its {@link TurnPipelineAssembly} bean (with its SDK clients and
 * metrics). They are the assembly's own objects, made in its constructor, so a service that builds
 * every bean at start pays nothing for the ones it does not inject.
 */
@Factory
class TurnPipelineBeans {

    @Singleton
    ConversationStore store(TurnPipelineAssembly assembly) {
        return assembly.store();
    }

    @Singleton
    TurnRunner turns(TurnPipelineAssembly assembly) {
        return assembly.pipeline();
    }

    @Singleton
    TurnIntake intake(TurnPipelineAssembly assembly) {
        return assembly.intake();
    }

    @Singleton
    MessageAttempts attempts(TurnPipelineAssembly assembly) {
        return assembly.attempts();
    }

    @Singleton
    ConversationResume resume(TurnPipelineAssembly assembly) {
        return assembly.resume();
    }

    @Singleton
    AnswerFeedback feedback(TurnPipelineAssembly assembly) {
        return assembly.feedback();
    }

    @Singleton
    TokenQuotas quotas(TurnPipelineAssembly assembly) {
        return assembly.quotas();
    }

    @Singleton
    ChatEventPublisher events(TurnPipelineAssembly assembly) {
        return assembly.events();
    }
}
