package org.linli.cloud.auth;

import io.micronaut.core.bind.ArgumentBinder;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Binds a controller parameter of type {@link StaffUser} to the logged-in user (after the security filter
 * has read the session). A route that takes one must be secured ({@code @Secured(IS_AUTHENTICATED)}).
 */
@Singleton
public class StaffUserBinder implements TypedRequestArgumentBinder<StaffUser>, PostponedRequestArgumentBinder<StaffUser> {

    @Override
    public Argument<StaffUser> argumentType() {
        return Argument.of(StaffUser.class);
    }

    @Override
    public BindingResult<StaffUser> bind(ArgumentConversionContext<StaffUser> context, HttpRequest<?> source) {
        Optional<StaffUser> user = CurrentUser.of(source);
        return user.isPresent() ? () -> user : ArgumentBinder.BindingResult.unsatisfied();
    }

    @Override
    public BindingResult<StaffUser> bindPostponed(ArgumentConversionContext<StaffUser> context, HttpRequest<?> source) {
        Optional<StaffUser> user = CurrentUser.of(source);
        return () -> user;
    }
}
