package io.almengine.auth;

/**
 * Issues and revokes tokens for the API's admin calls. {@link TokenAdmin} writes them to
 * {@code alm.tokens} so that every instance knows them; what it issues the {@link TokenStore}
 * must know at once.
 */
public interface TokenIssuer {

    /** Creates a token and returns it in plain text: the only time anyone sees it. */
    String issue(String name, Role role);

    void revoke(String name);
}
