def test_login_and_account_page(client, auth, account):
    assert client.get("/accounts").status_code == 302
    assert auth.login().status_code == 302
    page = client.get(f"/accounts/{account}")
    assert page.status_code == 200
    assert b"Maria Garcia" in page.data and b"Add Activity" in page.data
